from institutes.models import Centre


def place(record, centre: Centre):
    """A register record belongs to its centre and lives in the centre's district and province."""
    record.centre = centre
    record.province_id = centre.province_id
    record.district_id = centre.district_id
    return record
