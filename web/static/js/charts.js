// Charts drawn with Chart.js from figures the page carries as JSON (see jury/dashboard.py).
/* global Chart */

function data(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

const session = data("session-chart-data");
if (session) {
  new Chart(document.getElementById("session-chart"), {
    type: "bar",
    data: {
      labels: session.labels,
      datasets: [
        { label: session.names.automatic, data: session.automatic, backgroundColor: "#4f7fbf" },
        { label: session.names.jury, data: session.jury, backgroundColor: "#c9822b" },
      ],
    },
    options: {
      indexAxis: "y",
      animation: false,
      scales: {
        x: { min: 0, max: session.levels.length, ticks: { stepSize: 1, callback: (v) => session.levels[v - 1] || "" } },
      },
    },
  });
}

const cohort = data("cohort-chart-data");
if (cohort) {
  new Chart(document.getElementById("criteria-chart"), {
    type: "bar",
    data: {
      labels: cohort.criteria.map((c) => c.label),
      datasets: [{ label: cohort.names.success, data: cohort.success, backgroundColor: "#3f8f5f" }],
    },
    options: { indexAxis: "y", animation: false, scales: { x: { min: 0, max: 100 } } },
  });
  const names = Object.keys(cohort.progress);
  const longest = Math.max(0, ...names.map((n) => cohort.progress[n].length));
  new Chart(document.getElementById("progress-chart"), {
    type: "line",
    data: {
      labels: Array.from({ length: longest }, (_, i) => `${cohort.names.attempt} ${i + 1}`),
      datasets: names.map((n) => ({ label: n, data: cohort.progress[n].map((p) => p.points) })),
    },
    options: { animation: false, scales: { y: { min: 0, max: cohort.out_of } } },
  });
}
