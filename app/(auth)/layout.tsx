export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span className="inline-flex h-10 w-10 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white" aria-hidden>
            A
          </span>
          <p className="mt-2 text-sm font-medium text-slate-500">ASC Dashboard</p>
        </div>
        {children}
      </div>
    </main>
  );
}
