/** The sandbox theme choice (shell/theme.ts): stored per browser, unknown or unreadable values fall back to light. */
import { readThemeName, saveThemeName, themes, THEME_NAMES, THEME_STORAGE_KEY } from '../../sandbox/app/client/shell/theme';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('sandbox theme choice', () => {
  it('keeps each choice and reads it back', () => {
    const s = memory();
    for (const name of THEME_NAMES) {
      saveThemeName(name, s);
      expect(s.m.get(THEME_STORAGE_KEY)).toBe(name);
      expect(readThemeName(s)).toBe(name);
    }
  });

  it('falls back to light for nothing stored, an unknown value, or a storage that throws', () => {
    expect(readThemeName(memory())).toBe('light');
    const s = memory();
    s.setItem(THEME_STORAGE_KEY, 'purple');
    expect(readThemeName(s)).toBe('light');
    expect(readThemeName({ getItem: () => { throw new Error('SecurityError'); } })).toBe('light');
    expect(readThemeName(null)).toBe('light');
    expect(() => saveThemeName('dark', { setItem: () => { throw new Error('QuotaExceededError'); } })).not.toThrow();
  });

  it('dark and high contrast are dark themes for the controls (isDarkTheme), with light text on a dark background', () => {
    expect(themes.light.isDark).toBe(false);
    expect(themes.dark.isDark).toBe(true);
    expect(themes.highContrast.isDark).toBe(true);
    expect(themes.highContrast.theme.colorNeutralBackground1).toBe('#000000');
    expect(themes.highContrast.theme.colorNeutralForeground1).toBe('#ffffff');
    expect(themes.dark.theme.colorNeutralBackground1).not.toBe(themes.light.theme.colorNeutralBackground1);
  });
});
