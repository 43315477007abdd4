/**
 * Windows high contrast (forced colours): the credit bar keeps a visible track and a highlight-coloured fill, so
 * 1 % no longer looks like a full bar (issue 19, finding 15). jsdom evaluates no media query, so this reads the
 * rules Griffel inserted for the bar's own classes.
 */
import * as React from 'react';
import { render } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { CreditUtilisationBar } from '../../controls/AccountStatistics/components/CreditUtilisationBar';
import { Formatter } from '../../domain/format';

function forcedColourRules(): { selector: string; style: CSSStyleDeclaration }[] {
  const out: { selector: string; style: CSSStyleDeclaration }[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText.includes('forced-colors: active')) {
        for (const inner of Array.from(rule.cssRules)) if (inner instanceof CSSStyleRule) out.push({ selector: inner.selectorText, style: inner.style });
      }
    }
  }
  return out;
}

const styleFor = (element: Element, property: string): string[] =>
  forcedColourRules()
    .filter((r) => Array.from(element.classList).some((c) => r.selector.includes(`.${c}`)))
    .map((r) => r.style.getPropertyValue(property))
    .filter(Boolean);

it('in forced colours, the track is the window colour with an outline and the fill is the highlight colour', () => {
  const { container } = render(
    <FluentProvider theme={webLightTheme}>
      <CreditUtilisationBar t={(k) => k} fmt={new Formatter(1033)} currencyCode="EUR" utilisation={{ percent: 1, exposure: 100, level: 'ok' }} />
    </FluentProvider>,
  );
  const track = container.querySelector('[role=progressbar]')!;
  const bar = track.firstElementChild!;
  expect(track.getAttribute('aria-valuenow')).toBe('1');
  expect(styleFor(track, 'background-color')).toContain('Canvas');
  expect(styleFor(track, 'outline')).toEqual([expect.stringContaining('CanvasText')]);
  expect(styleFor(bar, 'background-color')).toContain('Highlight');
});
