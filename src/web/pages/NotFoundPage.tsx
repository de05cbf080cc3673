import { PageTitle } from "../components/PageTitle.tsx";

export function NotFoundPage() {
  return (
    <div class="card">
      <PageTitle title="Page not found">This page doesn't exist</PageTitle>
      <p>
        The link may be mistyped. <a href="/">Start a new interview</a> or open <a href="/history">your history</a>.
      </p>
    </div>
  );
}
