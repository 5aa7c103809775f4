import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { TextField } from '../../components/fields';

interface NafCodeFieldProps {
  id: string;
  name: string;
  label: string;
  error?: string;
  defaultCode: string;
  defaultLabel: string | null;
}

function useDebounced(value: string, delayMs: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** A NAF code input that suggests codes from the reference list as one types a code or words of its label. */
export function NafCodeField({ id, name, label, error, defaultCode, defaultLabel }: NafCodeFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(defaultCode);
  const query = useDebounced(text.trim(), 250);
  const suggestions = useQuery({
    queryKey: ['naf', query],
    queryFn: () => api.nafCodes(query),
    enabled: query.length >= 2,
    staleTime: Infinity,
  });
  const items = suggestions.data?.items ?? [];
  const normalised = text.trim().toUpperCase();
  const chosen = items.find((item) => item.code.toUpperCase() === normalised);
  const chosenLabel = chosen?.label ?? (normalised === defaultCode.toUpperCase() ? defaultLabel : null);
  const listId = `${id}-options`;
  return (
    <>
      <TextField
        id={id}
        name={name}
        label={label}
        hint={
          <>
            {t('organisation.nafHint')}
            <span className="field__live" aria-live="polite">
              {chosenLabel ? ` ${t('organisation.nafChosen', { label: chosenLabel })}` : ''}
            </span>
          </>
        }
        error={error}
        list={listId}
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <datalist id={listId}>
        {items.map((item) => (
          <option key={item.code} value={item.code} label={`${item.code} — ${item.label}`}>
            {item.label}
          </option>
        ))}
      </datalist>
    </>
  );
}
