package dev.aurorajdbc.driver.conformance;

import java.sql.Connection;
import java.util.Objects;

/**
 * One named step of the conformance suite: a small function from a connection to a canonical, comparable result
 * (strings, lists of rows as strings, update counts, booleans, or the description of an expected failure from
 * {@link Canon#outcome}).
 *
 * @param name the step's name, unique in the suite; reports name the first step whose results differ
 * @param action what the step does
 */
record Step(String name, Action action) {

    Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }

    /** The body of a step. */
    @FunctionalInterface
    interface Action {

        /**
         * Runs the step.
         *
         * @param c the connection of this run (the same for every step of a run)
         * @param subject where {@code c} came from, to open a second connection of the same kind
         * @return the canonical result; equal results on two runs mean the same behaviour
         * @throws Exception an unexpected failure, recorded as a {@link Canon.Crash}
         */
        Object run(Connection c, Subject subject) throws Exception;
    }
}
