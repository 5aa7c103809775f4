import { useMutation, useQuery } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApiProblem } from '../../../api';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { localProblem } from '../../workspace/pact/form-values';
import { VerificationResult } from './verification-result';
import './certificates.css';

const idPrefix = 'verifier';
/** The server takes credentials up to 64 KiB; a CUT credential is about 3 KB. */
const maxCredentialBytes = 64 * 1024;

/**
 * Anyone checks a certificate here: pasted, read from a file in the browser (nothing is uploaded but the
 * text itself), or opened from the QR code of a certificate, which links to /verify/{territory}/{id}.
 */
export function VerifierPage() {
  const { t } = useTranslation();
  const { slug, id } = useParams();
  const fromLink = Boolean(slug && id);
  const [credential, setCredential] = useState('');
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [fileNote, setFileNote] = useState('');
  const resultRef = useRef<HTMLHeadingElement>(null);
  const verify = useMutation({ mutationFn: (jwt: string) => certificatesApi.verify(jwt) });
  const linked = useQuery({
    queryKey: [...certificatesKey(slug ?? ''), 'credential', id],
    queryFn: () => certificatesApi.credential(slug ?? '', id ?? ''),
    enabled: fromLink,
    retry: false,
  });
  const title = t('certificates.verifier.title');
  useDocumentTitle(title);

  // Opened from a QR code: verify what the issuer publishes for that certificate, once it is here.
  const linkedCredential = linked.data;
  const { mutate } = verify;
  useEffect(() => {
    if (!linkedCredential) return;
    setCredential(linkedCredential);
    mutate(linkedCredential);
  }, [linkedCredential, mutate]);

  const result = verify.data;
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const labels = { credential: t('certificates.verifier.credential'), file: t('certificates.verifier.file') };
  const shown = local ?? asProblem(verify.error);
  const errors = fieldErrorsOf(t, shown);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const jwt = credential.trim();
    const invalid = localProblem(jwt ? [] : [{ field: 'credential', code: 'required', message: t('certificates.verifier.credentialRequired') }]);
    setLocal(invalid);
    if (invalid) return;
    verify.reset();
    verify.mutate(jwt);
  }

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > maxCredentialBytes) {
      setFileNote('');
      setLocal(localProblem([{ field: 'file', code: 'too_large', message: t('certificates.verifier.fileTooLarge', { name: file.name }) }]));
      return;
    }
    const content = (await file.text()).trim();
    setLocal(null);
    setCredential(content);
    setFileNote(t('certificates.verifier.fileLoaded', { name: file.name }));
  }

  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t('nav.territories')}</Link>
          </li>
          {slug && (
            <li>
              <Link to={`/t/${slug}/certificates`}>{t('certificates.registry.title')}</Link>
            </li>
          )}
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <p className="lead">{t('certificates.verifier.lead')}</p>
      {fromLink && (
        <p className="alert alert--info">{linked.isPending ? t('certificates.verifier.fetchingLinked') : t('certificates.verifier.fromLink')}</p>
      )}
      {linked.isError && <ProblemAlert problem={asProblem(linked.error)} />}
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form className="form cut-verifier" onSubmit={submit} noValidate>
        <TextAreaField
          id={`${idPrefix}-credential`}
          name="credential"
          label={labels.credential}
          hint={t('certificates.verifier.credentialHint')}
          className="cut-jwt"
          rows={6}
          spellCheck={false}
          autoComplete="off"
          value={credential}
          onChange={(event) => setCredential(event.target.value)}
          error={errors.credential}
        />
        <div className={errors.file ? 'field field--error' : 'field'}>
          <label htmlFor={`${idPrefix}-file`}>{labels.file}</label>
          <p className="field__hint" id={`${idPrefix}-file-hint`}>
            {t('certificates.verifier.fileHint')}
          </p>
          {errors.file && (
            <p className="field__error" id={`${idPrefix}-file-error`}>
              {errors.file}
            </p>
          )}
          <input
            id={`${idPrefix}-file`}
            type="file"
            accept=".jwt,.txt,.vc,text/plain,application/vc+jwt,application/jwt"
            aria-describedby={[`${idPrefix}-file-hint`, errors.file ? `${idPrefix}-file-error` : ''].filter(Boolean).join(' ')}
            aria-invalid={errors.file ? true : undefined}
            onChange={(event) => void readFile(event)}
          />
          <p role="status" className="cut-file-note">
            {fileNote}
          </p>
        </div>
        <button type="submit" className="button" disabled={verify.isPending}>
          {verify.isPending ? t('certificates.verifier.verifying') : t('certificates.verifier.submit')}
        </button>
      </form>
      {verify.isPending && <Loading />}
      {result && <VerificationResult result={result} ref={resultRef} />}
      <section aria-labelledby="verifier-how" className="section">
        <h2 id="verifier-how">{t('certificates.verifier.howTitle')}</h2>
        <p className="narrow">{t('certificates.verifier.how')}</p>
        <p className="narrow">{t('certificates.verifier.offline')}</p>
      </section>
    </>
  );
}
