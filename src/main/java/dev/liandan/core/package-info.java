/**
 * The words every package shares: trial states, observations of earlier trials, objective
 * directions, seed derivation and the user-error type that the CLI turns into one line and exit
 * code 2. This package depends on nothing else in liandan, so every other package may use it.
 */
package dev.liandan.core;
