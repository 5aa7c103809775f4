import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DownloadedFile } from '../api';
import { ProblemAlert } from './problem-alert';
import { asProblem } from './problem';

/** Hands a file built in the browser or fetched from the server to the person, as a download. */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the URL once the click is dispatched; a later tick frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

interface DownloadButtonProps {
  label: string;
  /** Says what the file is (format, size) for whoever cannot see its name. */
  description?: string;
  fetchFile: () => Promise<DownloadedFile>;
  className?: string;
}

/** Fetches a file and saves it; a refusal (not allowed, nothing to export) is shown rather than saved as a file. */
export function DownloadButton({ label, description, fetchFile, className = 'button button--secondary' }: DownloadButtonProps) {
  const { t } = useTranslation();
  const download = useMutation({ mutationFn: fetchFile, onSuccess: saveFile });
  return (
    <div className="download">
      <button type="button" className={className} onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? t('common.preparingFile') : label}
        {description && <span className="download__format"> ({description})</span>}
      </button>
      <ProblemAlert problem={asProblem(download.error)} focus />
    </div>
  );
}
