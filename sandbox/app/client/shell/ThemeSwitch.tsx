/** The app bar's theme menu: light, dark, high contrast (shell/theme.ts keeps the choice). */
import * as React from 'react';
import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { DarkThemeRegular } from '@fluentui/react-icons';
import { t } from '../i18n';
import { THEME_NAMES, useThemeChoice, type ThemeName } from './theme';

export function ThemeSwitch({ className }: { className?: string }): React.ReactElement {
  const theme = useThemeChoice();
  const name = (n: ThemeName): string => t(`theme.${n}`);
  return (
    <Menu checkedValues={{ theme: [theme.name] }} onCheckedValueChange={(_, d) => theme.set(d.checkedItems[0] as ThemeName)}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="transparent" className={className} icon={<DarkThemeRegular />} aria-label={`${t('header.theme')}: ${name(theme.name)}`} data-testid="theme-menu">
          {name(theme.name)}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {THEME_NAMES.map((n) => (
            <MenuItemRadio key={n} name="theme" value={n} data-testid={`theme-${n}`}>
              {name(n)}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
