/**
 * A page's texts are written once per key with English and French side by side (`[en, fr]`, the key carried once);
 * the page reads one language at a time. This splits them: `catalogOf(texts, 0)` is the English catalogue,
 * `catalogOf(texts, 1)` the French.
 */
export type BilingualTexts = Readonly<Record<string, readonly [en: string, fr: string]>>;

export function catalogOf<T extends BilingualTexts>(texts: T, language: 0 | 1): Record<keyof T, string> {
  return Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v[language]])) as Record<keyof T, string>;
}
