/**
 * liandan as a Java library: {@link dev.liandan.api.Study} (create, load, or open from a space
 * file), define-by-run trials ({@link dev.liandan.api.Trial}: suggest, report, prune), ask and
 * tell, several objectives ({@link dev.liandan.api.MultiObjective}: a Pareto front, with
 * constraints), your own DL4J networks ({@link dev.liandan.api.OwnNetwork}), and the results
 * (trials, best trial or Pareto front, leaderboard, ensemble). The CLI is one client of the same engine; a
 * study made here reads the same in {@code liandan leaderboard}, {@code report} and
 * {@code status}. The library prints nothing and logs through the SLF4J API only.
 */
package dev.liandan.api;
