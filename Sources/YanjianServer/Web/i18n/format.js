// Locale-aware formatting of numbers and times through Intl, in the current language.
// Times are shown in China Standard Time whatever the browser's zone, as the data is.
import { language } from "./index.js";

const TIME_ZONE = "Asia/Shanghai";
const cache = new Map();

function formatter(kind, make) {
  const key = `${kind}:${language()}`;
  let value = cache.get(key);
  if (!value) {
    value = make(language());
    cache.set(key, value);
  }
  return value;
}

/** A whole or decimal number with the locale's grouping, e.g. 12,345. */
export function formatNumber(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value ?? "–");
  return formatter("number", (lang) => new Intl.NumberFormat(lang)).format(value);
}

/** An ISO 8601 timestamp as a short date and time; unparseable input is shown as it came. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? "");
  // zh-CN reads 2026/03/02 09:14; English spells the month (2 Mar 2026, 09:14) so that day and
  // month cannot be confused.
  return formatter("datetime", (lang) => new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, {
    timeZone: TIME_ZONE, year: "numeric", month: lang === "en" ? "short" : "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  })).format(date);
}
