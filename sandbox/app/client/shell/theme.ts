/**
 * The sandbox's theme switch (issue 19, finding 15): light, dark or high contrast, as a user picks it in the host.
 * The same Fluent theme goes to the page (its FluentProvider) and to every PCF control, through
 * context.fluentDesignLanguage.tokenTheme / isDarkTheme, which is how Power Apps hands a model-driven app's theme
 * to virtual controls (https://learn.microsoft.com/power-apps/developer/component-framework/fluent-modern-theming).
 * The choice is kept in localStorage, per browser, like a user setting.
 */
import * as React from 'react';
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

export const THEME_NAMES = ['light', 'dark', 'highContrast'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

export const THEME_STORAGE_KEY = 'erplink.sandbox.theme';

export const themes: Record<ThemeName, { theme: Theme; isDark: boolean }> = {
  light: { theme: webLightTheme, isDark: false },
  dark: { theme: webDarkTheme, isDark: true },
  // Light text on black: controls must treat it as a dark theme (isDarkTheme) as well.
  highContrast: { theme: teamsHighContrastTheme, isDark: true },
};

const isThemeName = (v: unknown): v is ThemeName => typeof v === 'string' && (THEME_NAMES as readonly string[]).includes(v);

/** The stored choice; light when none, unknown, or storage is not available (private mode, blocked). */
export function readThemeName(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ThemeName {
  try {
    const v = storage?.getItem(THEME_STORAGE_KEY);
    return isThemeName(v) ? v : 'light';
  } catch {
    return 'light';
  }
}

export function saveThemeName(name: ThemeName, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, name);
  } catch {
    /* not kept: the choice still applies to this page */
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export interface ThemeChoice {
  name: ThemeName;
  set(name: ThemeName): void;
}

export const ThemeContext = React.createContext<ThemeChoice>({ name: 'light', set: () => undefined });

export const useThemeChoice = (): ThemeChoice => React.useContext(ThemeContext);

/** State for the app: the stored choice, and a setter that stores it. */
export function useThemeState(): ThemeChoice {
  const [name, setName] = React.useState<ThemeName>(() => readThemeName());
  const set = React.useCallback((next: ThemeName) => {
    saveThemeName(next);
    setName(next);
  }, []);
  return React.useMemo(() => ({ name, set }), [name, set]);
}
