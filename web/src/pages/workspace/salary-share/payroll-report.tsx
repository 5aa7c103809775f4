import { useTranslation } from 'react-i18next';
import type { PayrollReport } from '../../../api-contract';
import { useFormat } from '../../../format';
import { translateOr } from '../../../i18n';

/** A payroll conversion, previewed or committed: totals, converted lines, and the lines left out with why. */
export function PayrollReportView({ report, idPrefix }: { report: PayrollReport; idPrefix: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const month = format.month(report.period);
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('payroll.report.period')}</dt>
          <dd>{month}</dd>
        </div>
        <div>
          <dt>{t('payroll.report.employees')}</dt>
          <dd>{format.integer(report.employees)}</dd>
        </div>
        <div>
          <dt>{t('payroll.report.totalNet')}</dt>
          <dd>{format.euros(report.totalNet)}</dd>
        </div>
        <div>
          <dt>{t('payroll.report.totalConverted')}</dt>
          <dd>{format.euros(report.totalConverted)}</dd>
        </div>
      </dl>
      {report.lines.length === 0 ? (
        <p>{t('payroll.report.nothingConverted')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-describedby={`${idPrefix}-converted-note`}>
            <caption>{t('payroll.report.convertedCaption', { count: report.lines.length, month })}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t('payroll.report.row')}
                </th>
                <th scope="col">{t('payroll.report.employee')}</th>
                <th scope="col">{t('person.email')}</th>
                <th scope="col" className="numeric">
                  {t('payroll.report.netSalary')}
                </th>
                <th scope="col" className="numeric">
                  {t('payroll.report.share')}
                </th>
                <th scope="col" className="numeric">
                  {t('payroll.report.converted')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.lines.map((line) => (
                <tr key={line.row}>
                  <td className="numeric">{line.row}</td>
                  <th scope="row">{line.displayName}</th>
                  <td>{line.email}</td>
                  <td className="numeric nowrap">{format.euros(line.netSalary)}</td>
                  <td className="numeric">{format.basisPoints(line.shareBp)}</td>
                  <td className="numeric nowrap">{format.euros(line.converted)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={5}>
                  {t('common.total')}
                </th>
                <td className="numeric nowrap">{format.euros(report.totalConverted)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="field__hint" id={`${idPrefix}-converted-note`}>
            {t('payroll.report.convertedNote')}
          </p>
        </div>
      )}
      {report.notConverted.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('payroll.report.notConvertedCaption', { count: report.notConverted.length })}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t('payroll.report.row')}
                </th>
                <th scope="col">{t('payroll.report.employee')}</th>
                <th scope="col">{t('person.email')}</th>
                <th scope="col">{t('payroll.report.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.notConverted.map((line) => (
                <tr key={line.row}>
                  <td className="numeric">{line.row}</td>
                  <th scope="row">{line.displayName}</th>
                  <td>{line.email}</td>
                  <td>{translateOr(t, `payroll.reasons.${line.reason}`, line.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
