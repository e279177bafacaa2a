# frozen_string_literal: true

require 'spec_helper'

RSpec.describe {{ n.model_class }}{% if let Some(c) = f.model_category %}, feature_category: :{{ c }}{% endif %} do
end
