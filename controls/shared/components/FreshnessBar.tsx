import * as React from 'react';
import { Button, Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { RefreshIcon } from './RefreshIcon';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
  asOf: { color: tokens.colorNeutralForeground3 },
});

export interface FreshnessBarProps {
  asOfText: string | null;
  refreshLabel: string;
  busy: boolean;
  disabled: boolean;
  onRefresh: () => void;
}

/** "As of …" and the refresh action. While a refresh runs the button stays focusable so focus is never lost. */
export function FreshnessBar(props: FreshnessBarProps): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.bar}>
      {props.asOfText ? <Caption1 className={styles.asOf}>{props.asOfText}</Caption1> : <span />}
      <Button
        appearance="subtle"
        size="small"
        icon={props.busy ? <Spinner size="extra-tiny" /> : <RefreshIcon />}
        disabled={props.disabled}
        disabledFocusable={!props.disabled && props.busy}
        onClick={props.onRefresh}
      >
        {props.refreshLabel}
      </Button>
    </div>
  );
}
