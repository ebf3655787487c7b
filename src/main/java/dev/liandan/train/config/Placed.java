package dev.liandan.train.config;

import dev.liandan.space.Setting;

/**
 * A setting and its place in the catalogue. The parts of a configuration group settings by what
 * they shape, but the catalogue keeps the order in which the settings came to be, since a
 * space's defaults, the lists in messages and a trial's stored params follow it: a new setting
 * takes the next free place.
 */
record Placed(int place, Setting setting) {
}
