// The report's behaviour: filters over the figure lists and the charts, and chart embedding.
// Plain JavaScript, no network: the Vega bundle is inlined by pipeline/report.py and announces
// itself with a "vega-ready" event. The filters work even if the charts fail to draw.
(function () {
  "use strict";

  const form = document.getElementById("filters");
  const fields = Array.from(form.querySelectorAll("[data-filter]"));
  const shown = document.getElementById("shown");
  const rows = Array.from(document.querySelectorAll("tr.fig"));
  const docRows = rows.filter((row) => row.closest("#documents"));
  const groups = Array.from(document.querySelectorAll("article.doc, article.council"));
  const views = [];

  function current() {
    const filters = { family: "", council: "", doc: "", q: "" };
    fields.forEach((field) => {
      filters[field.dataset.filter] = field.value.trim();
    });
    filters.q = filters.q.toLowerCase();
    return filters;
  }

  function rowMatches(row, f) {
    return (
      (!f.family || row.dataset.family === f.family) &&
      (!f.council || row.dataset.council === f.council) &&
      (!f.doc || row.dataset.doc === f.doc) &&
      (!f.q || row.textContent.toLowerCase().includes(f.q))
    );
  }

  function groupVisible(group, f) {
    if (group.querySelector("tr.fig:not([hidden])")) {
      return true;
    }
    // a document with no figures (failed, no text) shows unless a row filter is set
    if (!group.dataset.empty || f.family || f.q) {
      return false;
    }
    return (
      (!f.doc || group.dataset.doc === f.doc) &&
      (!f.council || group.dataset.council === f.council)
    );
  }

  function apply() {
    const f = current();
    rows.forEach((row) => {
      row.hidden = !rowMatches(row, f);
    });
    groups.forEach((group) => {
      group.hidden = !groupVisible(group, f);
    });
    const visible = docRows.filter((row) => !row.hidden).length;
    shown.textContent = visible + " of " + docRows.length + " figures";
    views.forEach((view) => {
      view.signal("f_council", f.council).signal("f_doc", f.doc).runAsync();
    });
  }

  function setFilter(name, value) {
    const field = document.getElementById("filter-" + name);
    field.value = value;
    apply();
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => window.setTimeout(apply, 0));

  async function embedCharts() {
    const specs = JSON.parse(document.getElementById("chart-specs").textContent);
    for (const [id, spec] of Object.entries(specs)) {
      const element = document.getElementById(id);
      try {
        const result = await window.vegaEmbed(element, spec, {
          actions: false,
          renderer: "svg",
        });
        result.view.addEventListener("click", (event, item) => {
          if (item && item.datum && item.datum.council) {
            setFilter("council", item.datum.council);
          }
        });
        views.push(result.view);
        element.dataset.ready = "1";
      } catch (error) {
        element.textContent = "This chart could not be drawn: " + error;
        element.dataset.ready = "error";
      }
    }
    apply();
  }

  window.addEventListener("vega-ready", embedCharts, { once: true });
})();
