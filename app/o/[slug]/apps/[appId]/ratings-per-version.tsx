import type { VersionRating } from "@/lib/analytics/version-ratings";

const STARS = ["5", "4", "3", "2", "1"] as const;

/** Reviews per App Store version: how many, the average, and how they spread over the stars. */
export function RatingsPerVersion({ versions }: { versions: VersionRating[] }) {
  return (
    <section data-testid="ratings-per-version" aria-labelledby="ratings-per-version-title" className="mt-8 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="ratings-per-version-title" className="text-base font-semibold text-slate-900">Ratings per version</h2>
      <p className="mt-1 text-sm text-slate-600">Reviews counted for the version Apple lists them under; reviews of versions App Store Connect no longer lists with the app are not counted.</p>
      {versions.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No review is matched to a version yet: they are after the next reviews sync.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Reviews, average stars and the count per star, newest version first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Version</th>
                <th scope="col" className="px-3 py-2 font-medium">Reviews</th>
                <th scope="col" className="px-3 py-2 font-medium">Average</th>
                {STARS.map((s) => <th key={s} scope="col" className="px-3 py-2 font-medium">{s} ★</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {versions.map((v) => (
                <tr key={v.versionString}>
                  <th scope="row" className="px-3 py-2 font-medium text-slate-800">{v.versionString}</th>
                  <td className="px-3 py-2">{v.reviews.toLocaleString("en-GB")}</td>
                  <td className="px-3 py-2">{v.average === null ? "n/a" : `${v.average.toFixed(2)} ★`}</td>
                  {STARS.map((s) => <td key={s} className="px-3 py-2 text-slate-600">{v.ratings[s].toLocaleString("en-GB")}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
