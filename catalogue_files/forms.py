from django import forms

from . import formats


class UploadForm(forms.Form):
    file = forms.FileField(label="Catalogue or stock file (.csv or .xlsx)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            formats.file_format(upload.name)
            formats.check_size(upload.size)  # before a byte of it is read
        except formats.FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload
