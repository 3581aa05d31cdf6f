"""Chart data for static/js/charts.js, passed to the page with Django's json_script. Each chart also
carries its figures as table rows, so that the page shows them to readers who cannot see the chart."""

from typing import Any


def chart(kind: str, labels: list[str], datasets: list[dict[str, Any]], suffix: str = "") -> dict[str, Any]:
    return {
        "type": kind,
        "labels": labels,
        "suffix": suffix,
        "datasets": datasets,
        "rows": [[label, *(dataset["data"][i] for dataset in datasets)] for i, label in enumerate(labels)],
    }
