import * as React from 'react';
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export type NoticeIntent = 'info' | 'success' | 'warning' | 'error';

export interface NoticeProps {
  intent: NoticeIntent;
  title?: string;
  /** Which state this is (and data-intent its intent); lets tests and the sandbox find a state without depending on its wording. */
  state: string;
  action?: React.ReactNode;
  children?: React.ReactNode;
}

/** One message for one state: what happened and, where there is one, what to do. */
export function Notice({ intent, title, state, action, children }: NoticeProps): React.ReactElement {
  return (
    <MessageBar intent={intent} layout="multiline" data-state={state} data-intent={intent}>
      <MessageBarBody>
        {title ? <MessageBarTitle>{title}</MessageBarTitle> : null}
        {children}
      </MessageBarBody>
      {action ? <MessageBarActions>{action}</MessageBarActions> : null}
    </MessageBar>
  );
}
