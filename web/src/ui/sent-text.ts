/**
 * What a message box keeps once its text has been sent: whatever was typed after the send while the
 * request was on its way. Emptying the box instead would drop those words unsent; a text edited in
 * place meanwhile (no longer starting with what was sent) is kept whole, so nothing typed is lost.
 */
export function textLeftAfterSend(current: string, sent: string): string {
  return current.startsWith(sent) ? current.slice(sent.length).trimStart() : current;
}
