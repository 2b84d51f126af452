package io.liaison.cli.demo;

/**
 * One thing that happens in the demo scenario.
 *
 * @param actor     the agency (or attacker) doing it
 * @param narration one line saying what happens and what the backbone should do
 */
record ScenarioStep(String actor, String narration) {}
