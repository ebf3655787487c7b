package dev.liandan.train;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The one start-up line about the device; this test runs on the CPU build (no CUDA classes). */
class DevicesTest {

    @Test
    void aCudaBuildOnTheCpuSaysSoInOneLineAndACpuBuildSaysNothing() {
        String line = Devices.notice(true, "CpuBackend").orElseThrow();
        assertEquals("liandan: no usable GPU (CUDA 11.6 build, supported up to sm_86): training on the CPU", line);
        assertFalse(line.contains("\n"));
        assertEquals(Optional.empty(), Devices.notice(true, "JCublasBackend"));
        assertEquals(Optional.empty(), Devices.notice(false, "CpuBackend"));

        assertFalse(Devices.cudaBuild(), "the default build has no CUDA backend");
        assertEquals("CpuBackend", Devices.backend());
        assertEquals(Optional.empty(), Devices.fallbackNotice());
    }
}
