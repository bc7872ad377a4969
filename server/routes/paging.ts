/** Previous/next links for paginated lists, keeping the filters. */
export function pageLinks(path: string, filters: Record<string, string | undefined>, page: number, pageSize: number, total: number) {
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    params.set('sida', String(p));
    return `${path}?${params.toString()}`;
  };
  return {
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page * pageSize < total ? href(page + 1) : null,
    pageLabel: total > pageSize ? `Sida ${page} av ${Math.max(1, Math.ceil(total / pageSize))}` : '',
  };
}
