import { useEffect, useId, useRef, useState } from 'react';
import { Form } from 'react-router';
import { useLocale, useT } from '../../i18n';
import { useComments, useFormResult } from './context';

export const MAX_BODY_CHARS = 5000;

const characters = (text: string) => [...text].length;

interface Props {
  /** Matches CommentActionResult.form, so that errors land at this form. */
  name: string;
  intent: 'comment' | 'edit';
  hidden: Record<string, string | number>;
  label: string;
  submitLabel: string;
  defaultBody?: string;
}

/**
 * A comment text with a character counter. Without JavaScript the counter
 * states the limit and the server checks it; with it, the count follows
 * the typing and is read out once the writer pauses.
 */
export function CommentForm(props: Props) {
  const { formKey } = useComments();
  return <CommentFormFields key={formKey} {...props} />;
}

function CommentFormFields({ name, intent, hidden, label, submitLabel, defaultBody = '' }: Props) {
  const t = useT();
  const formatNumber = useNumberFormat();
  const { formKey } = useComments();
  const result = useFormResult(name);
  const failed = result && !result.ok ? result : undefined;
  const id = useId();
  const initial = failed?.values.body ?? defaultBody;
  const [length, setLength] = useState<number | null>(null);
  const [announced, setAnnounced] = useState('');
  const pause = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    setLength(characters(initial));
    return () => clearTimeout(pause.current);
  }, [initial]);

  const countText = (count: number) =>
    count > MAX_BODY_CHARS
      ? t('comments.count.over', { count: formatNumber(count - MAX_BODY_CHARS) })
      : t('comments.count.remaining', { count: formatNumber(MAX_BODY_CHARS - count) });
  const visible = length === null ? t('comments.count.limit', { max: formatNumber(MAX_BODY_CHARS) }) : countText(length);
  const error = failed?.fields.body ?? (failed && Object.keys(failed.fields).length === 0 ? failed.message : undefined);
  const otherErrors = failed ? Object.entries(failed.fields).filter(([field]) => field !== 'body') : [];

  return (
    <Form method="post" className="comment-form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {intent === 'comment' && <input type="hidden" name="idempotencyKey" value={`${formKey}:${name}`} />}
      {Object.entries(hidden).map(([field, value]) => (
        <input key={field} type="hidden" name={field} value={value} />
      ))}
      <div className={error ? 'field field--error' : 'field'}>
        <label htmlFor={`${id}-body`}>{label}</label>
        {(error || otherErrors.length > 0) && (
          <div id={`${id}-error`} className="field__error" role="alert">
            {error && <p>{error}</p>}
            {otherErrors.map(([field, message]) => (
              <p key={field}>{message}</p>
            ))}
          </div>
        )}
        <textarea
          id={`${id}-body`}
          name="body"
          rows={intent === 'edit' ? 5 : 4}
          defaultValue={initial}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={[error || otherErrors.length > 0 ? `${id}-error` : '', `${id}-count`].filter(Boolean).join(' ')}
          onChange={(event) => {
            const count = characters(event.target.value);
            setLength(count);
            clearTimeout(pause.current);
            pause.current = setTimeout(() => setAnnounced(countText(count)), 1000);
          }}
        />
        <p id={`${id}-count`} className={length !== null && length > MAX_BODY_CHARS ? 'char-count char-count--over' : 'char-count'}>
          {visible}
        </p>
        <p className="visually-hidden" aria-live="polite">
          {announced}
        </p>
      </div>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

function useNumberFormat() {
  const locale = useLocale() === 'sv' ? 'sv-SE' : 'en-GB';
  return (value: number) => value.toLocaleString(locale);
}
