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

export function SignUpPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signUp.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), '/');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signUp = useMutation({
    mutationFn: api.signUp,
    onSuccess: async () => {
      await queryClient.resetQueries();
      await navigate(next);
    },
  });
  const problem = asProblem(signUp.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = {
    displayName: t('signUp.displayName'),
    email: t('signIn.email'),
    password: t('signIn.password'),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    signUp.mutate({
      displayName: String(data.get('displayName') ?? '').trim(),
      email: String(data.get('email') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    });
  }

  return (
    <div className="narrow">
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix="sign-up" fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="sign-up-displayName"
          name="displayName"
          label={labels.displayName}
          hint={t('signUp.displayNameHint')}
          autoComplete="name"
          required
          error={errors.displayName}
        />
        <TextField
          id="sign-up-email"
          name="email"
          type="email"
          label={labels.email}
          hint={t('signIn.emailHint')}
          autoComplete="email"
          required
          error={errors.email}
        />
        <TextField
          id="sign-up-password"
          name="password"
          type="password"
          label={labels.password}
          autoComplete="new-password"
          hint={t('signUp.passwordHint')}
          required
          error={errors.password}
        />
        <button type="submit" className="button" disabled={signUp.isPending}>
          {t('signUp.submit')}
        </button>
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('signIn.title')}</Link>
      </p>
    </div>
  );
}
