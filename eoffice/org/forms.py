"""Forms for managing units."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from eoffice.auth.forms import REQUIRED


class UnitForm(FlaskForm):
    name = StringField("Tên đơn vị", validators=[DataRequired(REQUIRED), Length(max=200)])
    short_name = StringField("Tên viết tắt (dùng trong ký hiệu văn bản)", validators=[DataRequired(REQUIRED), Length(max=30)])
    kind = SelectField("Loại đơn vị", validate_choice=False)
    parent_id = SelectField("Đơn vị cấp trên", coerce=int, validate_choice=False)
    org_code = StringField("Mã định danh (000.00.01.H01 hoặc theo QĐ 20/2020)", validators=[Optional(), Length(max=35)])
    notation_abbr = StringField("Chữ viết tắt trong ký hiệu văn bản, nếu khác tên viết tắt (ví dụ UBND)", validators=[Optional(), Length(max=30)])
    submit = SubmitField("Lưu")
