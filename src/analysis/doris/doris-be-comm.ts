/**
 * The process name (comm) of an Apache Doris BE: doris_be, or palo_be before the project's rename.
 * Kills of this process are the ones a be.INFO summary is correlated with.
 */
export const DORIS_BE_COMM = /^(doris_be|palo_be)$/;
