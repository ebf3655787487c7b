# The liandan worker image for `liandan launch k8s`. Build the jar first, on the host:
#   mvn -B package -DskipTests && docker build -t registry.example/liandan:0.1 .
# The image holds the thin jar, its lib/ folder, the shipped data and space files. A GPU image
# builds with `mvn -Pcuda package` and a CUDA 11.6 + cuDNN 8 base image instead (docs/clusters.md).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/lib/ /app/lib/
COPY target/liandan.jar /app/liandan.jar
COPY data/ /app/data/
COPY search-spaces/ /app/search-spaces/
# JavaCPP unpacks its natives here on first use; a writable place inside the container
ENV LIANDAN_CACHE=/tmp/liandan-cache
# Run as a user without privileges; /results is where `launch k8s` mounts the trials' artifacts.
RUN useradd --uid 10001 --no-create-home liandan && mkdir -p /results && chown liandan /results
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/liandan.jar"]
