/**
 * The standalone page of a support conversation, on the Natter origin: where a visitor continues
 * it without the host site (the widget shows the link, the reply email carries it). The token is
 * `support_conversations.link_token`: a random bearer secret, so the path is the whole credential.
 */
export const conversationLinkPath = (linkToken: string): string => `/c/${linkToken}`;
