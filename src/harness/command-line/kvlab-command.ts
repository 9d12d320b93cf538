/** A word the shell passes through unchanged; any other is single-quoted. */
const PLAIN_WORD = /^[\w./:=@%+,-]+$/;

/**
 * The `kvlab` command line with `words` as its arguments, as a user pastes it into a shell: every
 * printed rerun or replay command comes from here. It starts with `npx`, which finds kvlab whether
 * it was installed as a project's dependency (node_modules/.bin) or is this repository itself,
 * and each word that the shell would split or expand is quoted.
 */
export function kvlabCommand(words: readonly (string | number)[]): string {
  return ["npx", "kvlab", ...words.map((word) => shellWord(String(word)))].join(" ");
}

/** `word` as a shell reads it back: as it is when plain, else single-quoted. */
export function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
