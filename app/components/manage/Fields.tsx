import { useId, type ReactNode } from 'react';

// Form controls for the officials' pages: each labelled, with its hint and
// error read out with it (aria-describedby), and working without JavaScript.

interface Common {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  required?: boolean;
}

function useDescribed(hint: unknown, error: string | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

function Help({ hintId, hint, errorId, error }: { hintId?: string; hint?: ReactNode; errorId?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({
  type = 'text',
  min,
  max,
  ...props
}: Common & { type?: 'text' | 'date' | 'datetime-local' | 'number'; min?: number; max?: number }) {
  const d = useDescribed(props.hint, props.error);
  return (
    <div className={props.error ? 'field field--error' : 'field'}>
      <label htmlFor={d.id}>{props.label}</label>
      <Help {...d} hint={props.hint} error={props.error} />
      <input
        id={d.id}
        name={props.name}
        type={type}
        min={min}
        max={max}
        required={props.required}
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={d.describedBy}
      />
    </div>
  );
}

export function TextArea({ rows = 6, ...props }: Common & { rows?: number }) {
  const d = useDescribed(props.hint, props.error);
  return (
    <div className={props.error ? 'field field--error' : 'field'}>
      <label htmlFor={d.id}>{props.label}</label>
      <Help {...d} hint={props.hint} error={props.error} />
      <textarea
        id={d.id}
        name={props.name}
        rows={rows}
        required={props.required}
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={d.describedBy}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** Radio buttons (one choice) or checkboxes (several) in a fieldset whose legend names them. */
export function Choices({
  multiple = false,
  options,
  selected,
  ...props
}: Omit<Common, 'defaultValue'> & { multiple?: boolean; options: Option[]; selected: string[] }) {
  const d = useDescribed(props.hint, props.error);
  return (
    <fieldset className={props.error ? 'field choices field--error' : 'field choices'} aria-describedby={d.describedBy}>
      <legend>{props.label}</legend>
      <Help {...d} hint={props.hint} error={props.error} />
      {options.map((option) => (
        <div className="choice" key={option.value}>
          <input
            id={`${d.id}-${option.value}`}
            type={multiple ? 'checkbox' : 'radio'}
            name={props.name}
            value={option.value}
            defaultChecked={selected.includes(option.value)}
            aria-describedby={option.hint ? `${d.id}-${option.value}-hint` : undefined}
          />
          <label htmlFor={`${d.id}-${option.value}`}>{option.label}</label>
          {option.hint && (
            <p className="field__hint choice__hint" id={`${d.id}-${option.value}-hint`}>
              {option.hint}
            </p>
          )}
        </div>
      ))}
    </fieldset>
  );
}
