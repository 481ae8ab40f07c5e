// Translation: t(key, params), the current language and switching it.
// The language is kept in localStorage under "yanjian.lang"; zh-CN is the default.
import zhCN from "./zh-CN.js";
import en from "./en.js";

const STORAGE_KEY = "yanjian.lang";
const DEFAULT_LANGUAGE = "zh-CN";
const dictionaries = { "zh-CN": zhCN, en };

/** The languages the interface offers, in the order the switch shows them. */
export const languages = Object.freeze(Object.keys(dictionaries));

const listeners = new Set();
let current = storedLanguage();

function storedLanguage() {
  try {
    const lang = window.localStorage.getItem(STORAGE_KEY);
    return lang && Object.hasOwn(dictionaries, lang) ? lang : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage disabled: fall back quietly
  }
}

/** The current language tag ("zh-CN" or "en"). */
export function language() {
  return current;
}

/** Whether `key` has a text in the current language. */
export function has(key) {
  return Object.hasOwn(dictionaries[current], key);
}

/**
 * The text for `key` in the current language with `{name}` placeholders replaced from `params`.
 * Falls back to zh-CN, then to the key itself, so a missing string is visible rather than blank.
 */
export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries[DEFAULT_LANGUAGE][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (placeholder, name) =>
    Object.hasOwn(params, name) && params[name] != null ? String(params[name]) : placeholder);
}

/** Switches the language, remembers it, updates `<html lang>` and tells the listeners. */
export function setLanguage(lang) {
  if (!Object.hasOwn(dictionaries, lang) || lang === current) return;
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** Calls `listener(lang)` after every language switch; returns a function that stops it. */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sets `<html lang>` to the stored language; called once at start-up. */
export function applyLanguage() {
  document.documentElement.lang = current;
}
