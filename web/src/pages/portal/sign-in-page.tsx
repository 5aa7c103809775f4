import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../components/problem';
import { useDocumentTitle } from '../../layout/document-title';
import { safeNext } from './safe-next';

export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signIn.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signIn = useMutation({
    mutationFn: api.signIn,
    onSuccess: async () => {
      await queryClient.resetQueries();
      await navigate(next);
    },
  });
  const problem = asProblem(signIn.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { email: t('signIn.email'), password: t('signIn.password') };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    signIn.mutate({ email: String(data.get('email') ?? '').trim(), password: String(data.get('password') ?? '') });
  }

  return (
    <div className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix="sign-in" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="sign-in-email"
          name="email"
          type="email"
          label={labels.email}
          hint={t('signIn.emailHint')}
          autoComplete="email"
          required
          error={errors.email}
        />
        <TextField
          id="sign-in-password"
          name="password"
          type="password"
          label={labels.password}
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.pending') : t('signIn.submit')}
        </button>
      </form>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signUp.title')}</Link>
      </p>
    </div>
  );
}
