# The charts' captions and descriptions (the ChartView island).
chart-pace-range = fastest { $fastest }, slowest { $slowest }
chart-range = from { $low } to { $high }
chart-label = { $title }: move the pointer or use the arrow keys for values
chart-alt = { $title } chart, { $summary }
