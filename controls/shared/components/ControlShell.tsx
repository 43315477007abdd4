import * as React from 'react';
import { FluentProvider, IdPrefixProvider, makeStyles, mergeClasses, shorthands, tokens, type Theme } from '@fluentui/react-components';

const useStyles = makeStyles({
  provider: { backgroundColor: 'transparent', width: '100%' },
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    minWidth: 0,
    width: '100%',
    boxSizing: 'border-box',
    ...shorthands.padding(tokens.spacingVerticalXS, 0),
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
  },
  narrow: { rowGap: tokens.spacingVerticalXS },
});

export interface ControlShellProps {
  theme: Theme;
  /** Unique per control instance, so that two controls on one form never share element ids. */
  idPrefix: string;
  narrow: boolean;
  label: string;
  busy?: boolean;
  children?: React.ReactNode;
}

/** Host theme, id prefix and the landmark every control state renders into. */
export function ControlShell(props: ControlShellProps): React.ReactElement {
  const styles = useStyles();
  return (
    <IdPrefixProvider value={props.idPrefix}>
      <FluentProvider theme={props.theme} className={styles.provider}>
        <section
          aria-label={props.label}
          aria-busy={props.busy || undefined}
          data-layout={props.narrow ? 'narrow' : 'wide'}
          className={mergeClasses(styles.root, props.narrow && styles.narrow)}
        >
          {props.children}
        </section>
      </FluentProvider>
    </IdPrefixProvider>
  );
}
