"""`openbook notices` over a hub whose pricing data or register is invalid: it lists nothing and says where."""

from __future__ import annotations

from openbook import cli
from noticeshub import notices_hub  # noqa: F401 - a fixture


def test_invalid_pricing_data_or_register_stops_the_notices_with_the_file_line_and_key(notices_hub, capsys):
    for source, good, bad, said in (
        ("data/pricing.yml", "GBP: {monthly: 12, yearly: 120}", "GBP: {monthly: -12, yearly: 120}",
         "data/pricing.yml:20: plans[0].prices.GBP.monthly: found -12, expected a price above zero"),
        ("data/subprocessors.yml", "location: GB", "location: UK",
         "data/subprocessors.yml:9: subprocessors[0].location: 'UK' is not an ISO 3166 country code; expected e.g. GB"),
    ):
        text = notices_hub.read(source)
        assert good in text
        notices_hub.write(source, text.replace(good, bad, 1))
        code = cli.main(["notices", "-f", str(notices_hub.root / "mkdocs.yml")])
        out, err = capsys.readouterr()
        assert code == cli.EXIT_FAILED
        assert out == ""
        assert said in err and "No notice was listed or published." in err
        assert "Traceback" not in err
        notices_hub.write(source, text)
