"""The benchmark's markdown table (bench/results/latest.md, copied into the README)."""


def _ms(value):
    return "" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def markdown(result):
    m = result["machine"]
    data = m["data"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, PostgreSQL {m['postgresql']}; "
        f"load average {m['load_average'][0]} at start, {m['load_average_end'][0]} at end (other jobs shared the CPU). "
        f"Data: {data['families']:,} families, {data['parent_partners']:,} Parent Partners, "
        f"{data['activity_forms']:,} activity forms, {data['contacts']:,} contacts. "
        f"{result['repeat']} timed requests per row (after one warm-up); times in ms, in process.",
        "",
        "| page | login | median | p95 | queries | demo q | admin median | ours/admin | floor median | ours/floor "
        "| ok |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for r in result["pages"]:
        admin, floor = r.get("admin", {}), r.get("floor", {})
        missed = [name for name, ok in r["checks"].items() if not ok]
        verdict = "yes" if r["ok"] else "NO: " + ", ".join(missed)
        lines.append(
            f"| {r['key']} | {r['login']} | {_ms(r['median'])} | {_ms(r['p95'])} | {r['queries']} | "
            f"{r.get('demo_queries', '')} | {_ms(admin.get('median'))} | {r.get('ratio_admin', '')} | "
            f"{_ms(floor.get('median'))} | {r.get('ratio_floor', '')} | {verdict} |"
        )
    load = result.get("load")
    if load:
        lines += [
            "",
            f"Under load: gunicorn {load['workers']} workers on 127.0.0.1, {load['users']} simulated users "
            f"(coordinators and service area coordinators on their daily pages) for {load['seconds']} s "
            f"with locust {load.get('locust', '')}: {load['rps']:.1f} requests/s, p50 {load['p50']} ms, "
            f"p95 {load['p95']} ms, p99 {load['p99']} ms, {load['errors']} errors in {load['requests']} requests.",
        ]
    return "\n".join(lines) + "\n"


def update_readme(table: str, readme) -> bool:
    """Put the latest table between the README's bench markers (Performance section)."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text()
    if start not in text or end not in text:
        return False
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{table}{end}{after}")
    return True
