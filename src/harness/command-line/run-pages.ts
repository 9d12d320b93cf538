/**
 * Where failing runs' pages go unless a command says otherwise. A module of its own, so that a
 * command's --help can name it without loading what writes the pages.
 */
export const RUN_PAGES = "kvlab-runs";
