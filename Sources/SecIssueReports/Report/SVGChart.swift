/// Bar charts as inline SVG, drawn here so the report needs no script or network. Every bar
/// carries its numbers in `data-` attributes and a `<title>` (the tooltip), so what a reader
/// sees can be checked from the DOM. Labels arrive escaped for HTML.
enum SVGChart {
    struct Series {
        let name: String
        let color: String
        let values: [Int]
    }

    static let width = 960, height = 260, left = 44, bottom = 36, top = 12

    /// Bars per label: the series stacked (open by severity) or side by side (new and fixed).
    static func bars(id: String, caption: String, labels: [String], series: [Series], stacked: Bool) -> String {
        let plotWidth = width - left - 8, plotHeight = height - bottom - top
        let totals = labels.indices.map { index in
            stacked ? series.reduce(0) { $0 + $1.values[index] } : series.map { $0.values[index] }.max() ?? 0
        }
        let maximum = max(1, totals.max() ?? 0)
        let slot = Double(plotWidth) / Double(max(1, labels.count))
        let barWidth = max(1.0, slot * 0.8 / Double(stacked ? 1 : max(1, series.count)))
        func y(_ value: Int) -> Double { Double(top) + Double(plotHeight) * (1 - Double(value) / Double(maximum)) }
        var out = "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(caption)\" "
            + "data-max=\"\(maximum)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        // Axis and gridlines at 0, half and the maximum.
        for value in Set([0, maximum / 2, maximum]).sorted() {
            out += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - 8)\" y1=\"\(format(y(value)))\" y2=\"\(format(y(value)))\"/>"
            out += "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\">\(value)</text>\n"
        }
        let every = max(1, Int((Double(labels.count) / 12).rounded(.up)))
        for (index, label) in labels.enumerated() {
            let x = Double(left) + slot * Double(index) + slot * 0.1
            out += "<g class=\"bar\" data-label=\"\(label)\" data-total=\"\(stacked ? totals[index] : series.reduce(0) { $0 + $1.values[index] })\">"
            var base = 0
            for (number, item) in series.enumerated() {
                let value = item.values[index]
                let barX = stacked ? x : x + barWidth * Double(number)
                let lower = stacked ? base : 0
                let upper = lower + value
                out += "<rect data-series=\"\(item.name)\" data-value=\"\(value)\" x=\"\(format(barX))\" y=\"\(format(y(upper)))\" "
                    + "width=\"\(format(barWidth))\" height=\"\(format(y(lower) - y(upper)))\" fill=\"\(item.color)\">"
                    + "<title>\(label) \(item.name): \(value)</title></rect>"
                if stacked { base = upper }
            }
            out += "</g>\n"
            if index % every == 0 {
                out += "<text class=\"axis\" x=\"\(format(x))\" y=\"\(height - bottom + 16)\">\(label)</text>\n"
            }
        }
        out += "</svg>\n"
        return out + legend(series)
    }

    /// Horizontal bars, one per row (ages of open findings).
    static func rows(id: String, caption: String, rows: [(label: String, value: Int)], color: String) -> String {
        let rowHeight = 26, labelWidth = 130, chartWidth = 600
        let maximum = max(1, rows.map(\.value).max() ?? 0)
        var out = "<svg id=\"\(id)\" class=\"chart rows\" viewBox=\"0 0 \(chartWidth) \(rows.count * rowHeight + 4)\" role=\"img\" "
            + "aria-label=\"\(caption)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 2
            let length = Double(chartWidth - labelWidth - 50) * Double(row.value) / Double(maximum)
            out += "<g class=\"bar\" data-label=\"\(row.label)\" data-total=\"\(row.value)\">"
                + "<text class=\"axis\" x=\"0\" y=\"\(y + 16)\">\(row.label)</text>"
                + "<rect data-series=\"open\" data-value=\"\(row.value)\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(format(length))\" height=\"\(rowHeight - 8)\" fill=\"\(color)\">"
                + "<title>\(row.label): \(row.value)</title></rect>"
                + "<text class=\"axis\" x=\"\(format(Double(labelWidth) + length + 6))\" y=\"\(y + 14)\">\(row.value)</text></g>\n"
        }
        return out + "</svg>\n"
    }

    static func legend(_ series: [Series]) -> String {
        "<p class=\"legend\">" + series.map { "<span><i style=\"background:\($0.color)\"></i>\($0.name)</span>" }.joined(separator: " ") + "</p>\n"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
