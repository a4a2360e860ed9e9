/** The client's version, sent to the server for support. */
export const CLIENT_VERSION = '0.1.0';
