/** The record's timeline: its activity-feed posts (auto posts from the connector and the commands), newest first. */
import * as React from 'react';
import { Avatar, Badge, Button, Spinner, Text, makeStyles, shorthands, tokens, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ArrowClockwiseRegular, BotRegular } from '@fluentui/react-icons';
import { useServices } from '../app/services';
import { formatDate } from '../data/format';
import type { EntityRecord } from '../data/webApi';
import { formattedName } from '../data/webApi';
import { t } from '../i18n';

const useStyles = makeStyles({
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: tokens.spacingVerticalS },
  list: { listStyleType: 'none', ...shorthands.margin(0), ...shorthands.padding(0), display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  item: {
    display: 'grid',
    gridTemplateColumns: '32px 1fr',
    columnGap: tokens.spacingHorizontalM,
    ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalM),
    ...shorthands.border('1px', 'solid', tokens.colorNeutralStroke2),
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  meta: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS, flexWrap: 'wrap', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  text: { whiteSpace: 'pre-wrap', wordBreak: 'break-word', marginTop: tokens.spacingVerticalXXS, display: 'block' },
  empty: { color: tokens.colorNeutralForeground3 },
  count: { color: tokens.colorNeutralForeground3 },
});

export function Timeline({ entity, id, reloadKey }: { entity: string; id: string; reloadKey: number }): React.ReactElement {
  const s = useStyles();
  const { client, meta } = useServices();
  const [posts, setPosts] = React.useState<EntityRecord[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [tick, setTick] = React.useState(0);
  // Finished loads (success or error): tests wait for it to grow after a refresh instead of sleeping.
  const [loads, setLoads] = React.useState(0);

  React.useEffect(() => {
    let alive = true;
    client
      .retrieveMultiple('post', `?$select=text,source,type,createdon,_createdby_value,_regardingobjectid_value&$filter=_regardingobjectid_value eq ${id}&$orderby=createdon desc`)
      .then((p) => alive && (setPosts(p.entities), setError(null)))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => alive && setLoads((n) => n + 1));
    return () => {
      alive = false;
    };
  }, [client, entity, id, reloadKey, tick]);

  return (
    <div data-testid="timeline" data-loads={loads}>
      <div className={s.head}>
        <Text className={s.count}>{posts ? t('timeline.count', posts.length) : ''}</Text>
        <Button appearance="subtle" size="small" icon={<ArrowClockwiseRegular />} onClick={() => setTick((n) => n + 1)} aria-label={t('timeline.refresh')} data-testid="timeline-refresh" />
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t('grid.error', error)}</MessageBarBody>
        </MessageBar>
      )}
      {!posts && !error && <Spinner size="tiny" label={t('app.loading')} />}
      {posts && posts.length === 0 && <Text className={s.empty}>{t('timeline.empty')}</Text>}
      {posts && posts.length > 0 && (
        <ul className={s.list} aria-label={t('timeline.title')}>
          {posts.map((p) => {
            const auto = p.source === 1;
            const by = (p[formattedName('_createdby_value')] as string | undefined) ?? '';
            return (
              <li key={String(p.postid)} className={s.item} data-testid="timeline-post">
                {auto ? <Avatar icon={<BotRegular />} size={32} color="brand" aria-hidden /> : <Avatar name={by} size={32} color="colorful" aria-hidden />}
                <div>
                  <div className={s.meta}>
                    <Badge appearance="tint" color={auto ? 'brand' : 'informative'} size="small">
                      {auto ? meta.optionLabel('post', 'source', 1) || t('timeline.post.auto') : t('timeline.post.manual')}
                    </Badge>
                    {by && <span>{t('timeline.by', by)}</span>}
                    {typeof p.createdon === 'string' && <time dateTime={p.createdon}>{formatDate(p.createdon, false)}</time>}
                  </div>
                  <Text className={s.text}>{String(p.text ?? '')}</Text>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
