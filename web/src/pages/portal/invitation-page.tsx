import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiProblem } from '../../api';
import { TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../components/problem';
import { currentLanguage } from '../../i18n';
import { useDocumentTitle } from '../../layout/document-title';
import { useSession } from '../../session';

const idPrefix = 'invitation';

/** A person added by a facilitator opens the link they were handed, chooses a password and is signed in. */
export function InvitationPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('invitation.documentTitle'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  // The confirmation is checked here, before anything is sent; it is shown as the server's problems are.
  const [localProblem, setLocalProblem] = useState<ApiProblem | null>(null);
  const accept = useMutation({
    mutationFn: api.acceptInvitation,
    onSuccess: async () => {
      await queryClient.resetQueries();
      await navigate('/workspace');
    },
  });
  const problem = localProblem ?? asProblem(accept.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = {
    displayName: t('invitation.displayName'),
    password: t('invitation.password'),
    passwordConfirmation: t('invitation.passwordConfirmation'),
  };
  const signedInAs = session.data?.person?.displayName;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get('password') ?? '');
    const displayName = String(data.get('displayName') ?? '').trim();
    if (password !== String(data.get('passwordConfirmation') ?? '')) {
      accept.reset();
      setLocalProblem(
        new ApiProblem(
          422,
          {
            code: 'validation_error',
            detail: '',
            errors: [{ field: 'passwordConfirmation', code: 'password_mismatch', message: t('fieldErrors.password_mismatch') }],
          },
          currentLanguage(),
        ),
      );
      return;
    }
    setLocalProblem(null);
    accept.mutate({ token, password, ...(displayName ? { displayName } : {}) });
  }

  return (
    <div className="narrow">
      <h1>{t('invitation.title')}</h1>
      <p>{t('invitation.intro')}</p>
      {signedInAs && <p className="alert alert--info">{t('invitation.signedInAs', { name: signedInAs })}</p>}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {problem?.code === 'invitation_used' && (
        <p>
          <Link to="/sign-in?next=%2Fworkspace">{t('invitation.signIn')}</Link>
        </p>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id={`${idPrefix}-displayName`}
          name="displayName"
          label={labels.displayName}
          hint={t('invitation.displayNameHint')}
          autoComplete="name"
          maxLength={120}
          error={errors.displayName}
        />
        <TextField
          id={`${idPrefix}-password`}
          name="password"
          type="password"
          label={labels.password}
          hint={t('invitation.passwordHint')}
          autoComplete="new-password"
          required
          error={errors.password}
        />
        <TextField
          id={`${idPrefix}-passwordConfirmation`}
          name="passwordConfirmation"
          type="password"
          label={labels.passwordConfirmation}
          hint={t('invitation.passwordConfirmationHint')}
          autoComplete="new-password"
          required
          error={errors.passwordConfirmation}
        />
        <button type="submit" className="button" disabled={accept.isPending}>
          {accept.isPending ? t('invitation.pending') : t('invitation.submit')}
        </button>
      </form>
    </div>
  );
}
