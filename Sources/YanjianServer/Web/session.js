// The signed-in session, kept in sessionStorage so it ends with the browser tab:
// the bearer token, its expiry, the user, a one-time notice for the login page and
// the screen to return to after signing in.

const TOKEN = "yanjian.token";
const EXPIRES = "yanjian.expires_at";
const USER = "yanjian.user";
const NOTICE = "yanjian.notice";
const NEXT = "yanjian.next";

function storage() {
  return window.sessionStorage;
}

/** Stores a login response `{ token, expires_at, user }`. */
export function startSession({ token, expires_at: expiresAt, user }) {
  storage().setItem(TOKEN, token);
  storage().setItem(EXPIRES, expiresAt ?? "");
  storage().setItem(USER, JSON.stringify(user ?? null));
}

/** The bearer token, or null when there is none or it has expired. */
export function currentToken() {
  const token = storage().getItem(TOKEN);
  if (!token) return null;
  const expires = Date.parse(storage().getItem(EXPIRES) ?? "");
  if (!Number.isNaN(expires) && expires <= Date.now()) {
    endSession("session.expired");
    return null;
  }
  return token;
}

/** The signed-in user object from the server, or null. */
export function currentUser() {
  try {
    return JSON.parse(storage().getItem(USER) ?? "null");
  } catch {
    return null;
  }
}

/** Replaces the stored user (after GET /me). */
export function updateUser(user) {
  storage().setItem(USER, JSON.stringify(user));
}

/** Forgets the session; `noticeKey` (an i18n key) is shown once on the login page. */
export function endSession(noticeKey) {
  storage().removeItem(TOKEN);
  storage().removeItem(EXPIRES);
  storage().removeItem(USER);
  if (noticeKey) storage().setItem(NOTICE, noticeKey);
}

/** The pending login-page notice key, removed as it is read. */
export function takeNotice() {
  const key = storage().getItem(NOTICE);
  storage().removeItem(NOTICE);
  return key;
}

/** Remembers the route to open after the next login. */
export function rememberNext(path) {
  storage().setItem(NEXT, path);
}

/** The remembered route (removed as it is read), or null. */
export function takeNext() {
  const path = storage().getItem(NEXT);
  storage().removeItem(NEXT);
  return path;
}
