/** The cookie that carries a browser session's token; the HTTP layer reads it, sign-in sets it. */
export const SESSION_COOKIE = "keduo_session";
