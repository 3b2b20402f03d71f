/** What the offline notice promises: the site's expected reply time, in words. */
export function replyExpectation(expectedReplyMinutes: number | undefined): string {
  if (expectedReplyMinutes === undefined) return "We'll reply as soon as we're back.";
  if (expectedReplyMinutes < 60) {
    return `We usually reply within ${expectedReplyMinutes} minute${expectedReplyMinutes === 1 ? '' : 's'}.`;
  }
  const hours = Math.round(expectedReplyMinutes / 60);
  if (hours < 24) return `We usually reply within ${hours} hour${hours === 1 ? '' : 's'}.`;
  const days = Math.round(hours / 24);
  return `We usually reply within ${days} day${days === 1 ? '' : 's'}.`;
}
