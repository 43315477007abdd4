/**
 * A platform dialog with a few fields (Sales' Close Quote and Create Order dialogs): a form whose first field takes
 * focus, Enter on OK submits, Escape cancels; the host returns focus to the command that opened it.
 */
import * as React from 'react';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, Text, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import type { DialogRequest, FieldValues } from './dialogs';

const useStyles = makeStyles({
  surface: { maxWidth: '480px' },
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

export function FieldsDialog({ d }: { d: Extract<DialogRequest, { kind: 'fields' }> }): React.ReactElement {
  const s = useStyles();
  const [values, setValues] = React.useState<FieldValues>(() => Object.fromEntries(d.fields.map((f) => [f.name, f.value])));
  const set = (name: string, v: string | boolean) => setValues((old) => ({ ...old, [name]: v }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    d.resolve(values);
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && d.resolve(null)}>
      <DialogSurface className={s.surface} aria-describedby={d.text ? `dlg-${d.id}-text` : undefined} data-testid="fields-dialog">
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{d.title}</DialogTitle>
            <DialogContent className={s.form}>
              {d.text && <Text id={`dlg-${d.id}-text`}>{d.text}</Text>}
              {d.fields.map((f) => {
                const id = `dlg-${d.id}-${f.name}`;
                if (f.type === 'boolean')
                  return <Checkbox key={f.name} id={id} label={f.label} checked={values[f.name] === true} onChange={(_, data) => set(f.name, data.checked === true)} data-testid={`dialog-field-${f.name}`} />;
                return (
                  <Field key={f.name} label={f.label}>
                    {f.type === 'choice' ? (
                      <Select id={id} value={String(values[f.name])} onChange={(_, data) => set(f.name, data.value)} data-testid={`dialog-field-${f.name}`}>
                        {(f.options ?? []).map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </Select>
                    ) : f.type === 'date' ? (
                      <Input id={id} type="date" value={String(values[f.name])} onChange={(_, data) => set(f.name, data.value)} data-testid={`dialog-field-${f.name}`} />
                    ) : (
                      <Textarea id={id} value={String(values[f.name])} onChange={(_, data) => set(f.name, data.value)} data-testid={`dialog-field-${f.name}`} />
                    )}
                  </Field>
                );
              })}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit">
                {d.confirmLabel}
              </Button>
              <Button appearance="secondary" type="button" onClick={() => d.resolve(null)}>
                {d.cancelLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
