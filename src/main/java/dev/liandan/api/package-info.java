/**
 * liandan as a Java library: {@link dev.liandan.api.Study} (create, load, or open from a space
 * file), define-by-run trials ({@link dev.liandan.api.Trial}: suggest, report, prune), ask and
 * tell, your own DL4J networks ({@link dev.liandan.api.OwnNetwork}), and the results
 * (trials, best trial, leaderboard, ensemble). The CLI is one client of the same engine; a
 * study made here reads the same in {@code liandan leaderboard}, {@code report} and
 * {@code status}. The library prints nothing and logs through the SLF4J API only.
 */
package dev.liandan.api;
