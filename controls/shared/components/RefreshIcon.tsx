import * as React from 'react';

/** A curved arrow: drawn here because @fluentui/react-icons is not a platform library and would be bundled. */
export function RefreshIcon(): React.ReactElement {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor">
      <path d="M8 3a5 5 0 1 0 4.9 6h-1.03A4 4 0 1 1 8 4c1.1 0 2.1.45 2.83 1.17L9 7h4V3l-1.46 1.46A5 5 0 0 0 8 3Z" />
    </svg>
  );
}
