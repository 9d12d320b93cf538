/**
 * `text` without the byte order mark some editors (Notepad, PowerShell's Out-File) put at the
 * start of a UTF-8 file. JSON allows a reader to ignore it, and every file kvlab reads as text
 * (scenarios, histories, kvlab test --json reports) does: it was refused as an unexpected,
 * invisible token.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
