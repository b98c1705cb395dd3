"""The CLI in Chinese (``PARKGIS_LANG=zh_CN`` or a ``zh_*`` locale): the one-line errors, the
warnings and the notes keep their form and exit codes, their text is Chinese."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from parkgis.__main__ import main

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_errors_in_chinese_keep_their_exit_codes(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PARKGIS_LANG", "zh_CN")
    missing = tmp_path / "无此文件.shp"
    assert run(capsys, "info", missing) == (1, "", f"parkgis info：错误：{missing}：文件不存在\n")
    same = tmp_path / "a.shp"
    assert run(capsys, "convert", same, same) == (2, "", f"parkgis convert：错误：{same} 会覆盖本命令读取的 {same}；请另选输出文件\n")


def test_notes_of_the_check_in_chinese(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PARKGIS_LANG", "zh_CN")
    shutil.copy(SAMPLE, tmp_path / "s.gpkg")
    code, _out, err = run(capsys, "check", tmp_path / "s.gpkg", "-o", tmp_path / "r.json")
    assert code == 0
    # the sample project is in zone 37 (EPSG:4525) and holds zone-36 parcels (鄂托克, 上海庙 ...)
    zone_note, skipped = err.splitlines()
    assert zone_note.startswith("parkgis check：警告：") and "个地块不在 EPSG:4525 的第 37 带内（位于第 36 带：" in zone_note
    assert zone_note.endswith("：其平面面积按地块所在投影带（EPSG:4524）计算")
    assert skipped == "parkgis check：提示：规则 cultivated_land 未审查：未提供地类图斑图层"
    monkeypatch.setenv("PARKGIS_LANG", "en")
    code, _out, err = run(capsys, "check", tmp_path / "s.gpkg", "-o", tmp_path / "r.json")
    assert err.splitlines()[1] == "parkgis check: note: rule cultivated_land not checked: 未提供地类图斑图层"


def test_a_chinese_locale_is_enough(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8"}
    proc = subprocess.run([sys.executable, "-m", "parkgis", "info", str(tmp_path / "无.gpkg")], capture_output=True,
                          text=True, env=env, encoding="utf-8")
    assert proc.returncode == 1
    assert proc.stderr == f"parkgis info：错误：{tmp_path / '无.gpkg'}：文件不存在\n"


def test_validate_in_chinese(capsys, monkeypatch, realdata):
    monkeypatch.setenv("PARKGIS_LANG", "zh_CN")
    path = realdata / "zuobiao_txt_parcel_format" / "longjie-sir_txt2shp_testfile.txt"
    code, out, _err = run(capsys, "validate", path)
    assert code == 0
    assert out.splitlines() == [
        f"{path}:5：提示：带号为空或缺失：由东坐标前缀取第 35 带 [zone_from_prefix]",
        f"{path}:7：提示：地块 010031：地块面积为空：无法与计算面积核对 [no_declared_area]",
        f"{path}:70：警告：地块 010031：第 1 圈未以首点 J1 结束：已自动闭合 [ring_not_closed]",
        f"{path}：1 个地块中 1 个可读，错误 0 个，警告 1 个，提示 2 个；编码 UTF-8（自动检测）；"
        "坐标系：由东坐标前缀得出第 35 带，坐标系为 EPSG:4523",
    ]
